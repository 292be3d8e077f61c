-- wrk script: cycles through the benchmark web's pages /p0 ... /p<N-1> (N is the first script argument).
local pages = 10000
local counter = 0

function init(args)
    if args[1] then
        pages = tonumber(args[1])
    end
    counter = math.random(pages)
end

function request()
    counter = (counter + 1) % pages
    return wrk.format("GET", "/p" .. counter)
end
